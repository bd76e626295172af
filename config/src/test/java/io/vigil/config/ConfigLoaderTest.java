package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void defaultsComeFromTheReference() {
        VigilConfig c = loader.load(null, Map.of(), List.of());
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.mqtt().port()).isEqualTo(1883);
        assertThat(c.hj212().port()).isEqualTo(6010);
        assertThat(c.hj212().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.hj212().clockCheck()).isTrue();
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("hj212.clockCheck=maybe")))
                .hasMessageContaining("'hj212.clockCheck'").hasMessageContaining("true or false");
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.tsdb().embedded()).isTrue();
        assertThat(c.tsdb().flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.journal().maxBytes()).isEqualTo(2L << 30);
        assertThat(c.brokers()).isEmpty();
        assertThat(c.registry().file()).isNull();
    }

    @Test
    void setBeatsEnvironmentBeatsFile() throws IOException {
        Path f = file("http:\n  port: 8001\nmqtt:\n  port: 2001\ndata:\n  dir: /var/lib/vigil\n");
        VigilConfig c = loader.load(f, Map.of("VIGIL_HTTP_PORT", "8002", "VIGIL_MQTT_PORT", "2002", "PATH", "/bin"),
                List.of("http.port=8003"));
        assertThat(c.http().port()).isEqualTo(8003);
        assertThat(c.mqtt().port()).isEqualTo(2002);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/vigil"));
    }

    @Test
    void environmentMatchesCamelCaseKeys() {
        VigilConfig c = loader.load(null, Map.of("VIGIL_TSDB_BATCHSIZE", "250"), List.of());
        assertThat(c.tsdb().batchSize()).isEqualTo(250);
    }

    @Test
    void badPortNamesKeyValueAndRange() {
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("http.port=80800")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.port'").hasMessageContaining("'80800'").hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("mqtt.port=abc")))
                .hasMessageContaining("'mqtt.port'").hasMessageContaining("'abc'");
    }

    @Test
    void unknownKeysAreRefused() throws IOException {
        assertThatThrownBy(() -> loader.load(file("http:\n  prot: 1\n"), Map.of(), List.of()))
                .hasMessageContaining("'http.prot' is unknown");
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("tsdb.uri=http://x")))
                .hasMessageContaining("tsdb.uri");
        assertThatThrownBy(() -> loader.load(null, Map.of("VIGIL_HTTP_PROT", "1"), List.of()))
                .hasMessageContaining("VIGIL_HTTP_PROT");
    }

    @Test
    void malformedSetAndYamlAreExplained() throws IOException {
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("http.port"))).hasMessageContaining("key=value");
        assertThatThrownBy(() -> loader.load(file("http: [\n"), Map.of(), List.of())).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"), Map.of(), List.of())).hasMessageContaining("does not exist");
    }

    @Test
    void tsdbUrlNeedsOrgAndBucket() {
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("tsdb.url=http://influx:8086", "tsdb.org=city")))
                .hasMessageContaining("'tsdb.bucket' is required");
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("tsdb.url=ftp://influx")))
                .hasMessageContaining("'tsdb.url'").hasMessageContaining("http, https");
        VigilConfig c = loader.load(null, Map.of(), List.of("tsdb.url=http://influx:8086", "tsdb.org=city", "tsdb.bucket=env",
                "tsdb.token=s3cret"));
        assertThat(c.tsdb().embedded()).isFalse();
        assertThat(c.tsdb().toString()).doesNotContain("s3cret");
    }

    @Test
    void brokersAreValidatedAndSecretsRedacted() throws IOException {
        Path f = file("""
                southbound:
                  brokers:
                    - url: tcp://127.0.0.1:1883
                      shareGroup: vigil
                      username: gw
                      password: hunter2
                """);
        VigilConfig c = loader.load(f, Map.of(), List.of());
        VigilConfig.Broker b = c.brokers().get(0);
        assertThat(b.qos()).isEqualTo(1);
        assertThat(b.topicFilter("devices/+/telemetry")).isEqualTo("$share/vigil/devices/+/telemetry");
        assertThat(b.toString()).doesNotContain("hunter2");
        assertThat(c.toString()).doesNotContain("hunter2");

        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("southbound.brokers=[{url: tcp://h:1, qos: 2}]")))
                .hasMessageContaining("'southbound.brokers[0].qos'");
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("southbound.brokers=[{host: h}]")))
                .hasMessageContaining("'southbound.brokers[0].host' is unknown");
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("southbound.brokers=[{url: 'http://h:1'}]")))
                .hasMessageContaining("tcp, ssl");
    }

    @Test
    void durationsAndSizesAreParsed() {
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("soon")).isNull();
        assertThat(DataSizes.parse("64MiB")).isEqualTo(64L << 20);
        assertThat(DataSizes.parse("12")).isEqualTo(12);
        assertThat(DataSizes.parse("lots")).isEqualTo(-1);
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of("tsdb.flushInterval=soon")))
                .hasMessageContaining("'tsdb.flushInterval'").hasMessageContaining("500ms");
    }

    @Test
    void profileDefaultsSitUnderFileEnvironmentAndFlags() throws IOException {
        VigilConfig demo = loader.load(null, Map.of(), List.of("data.dir=./data/demo"), List.of());
        assertThat(demo.dataDir()).isEqualTo(Path.of("./data/demo"));
        VigilConfig overridden = loader.load(file("data:\n  dir: /srv/vigil\n"), Map.of(), List.of("data.dir=./data/demo"), List.of());
        assertThat(overridden.dataDir()).isEqualTo(Path.of("/srv/vigil"));
    }
}
