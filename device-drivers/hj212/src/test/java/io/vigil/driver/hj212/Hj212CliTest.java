package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Hj212CliTest {

    private final Hj212Cli cli = new Hj212Cli();

    private record Run(int exitCode, List<Map<String, Object>> lines) {
    }

    private Run decode(String input) throws IOException {
        StringWriter out = new StringWriter();
        int code = cli.decode(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        List<Map<String, Object>> lines = out.toString().lines().map(l -> Corpus.asObject(Corpus.json(l))).toList();
        return new Run(code, lines);
    }

    @Test
    void decodesOneFramePerLineAndExitsZero() throws IOException {
        List<String> frames = Corpus.allValidFrames();
        Run run = decode(String.join("\n", frames) + "\n");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(frames.size()).noneMatch(l -> l.containsKey("error"));
        assertThat(run.lines().get(0)).containsEntry("mn", "LD130133000015").containsEntry("qn", null);
    }

    @Test
    void toleratesCrLfLineEndings() throws IOException {
        Run run = decode(String.join("\r\n", Corpus.validFrames("hj212/more")) + "\r\n");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(22);
    }

    @Test
    void decodesARawStreamWithoutLineBreaks() throws IOException {
        Run run = decode(String.join("", Corpus.validFrames("hj212")));
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(43);
    }

    @Test
    void writesAnErrorLineForEveryInvalidFrameAndExitsOne() throws IOException {
        for (Corpus.InvalidCase c : Corpus.invalidCases().filter(c -> !c.why().startsWith("two frames on one line")).toList()) {
            Run run = decode(c.frame() + "\n");
            assertThat(run.exitCode()).as(c.toString()).isEqualTo(1);
            assertThat(run.lines()).as(c.toString()).anyMatch(l -> l.containsKey("error") && l.containsKey("frame"));
        }
        Run first = decode(Corpus.invalidCases().findFirst().orElseThrow().frame());
        assertThat(first.lines()).singleElement().isEqualTo(Map.of("error", "CRC mismatch: frame says 4981, computed 4980",
                "frame", Corpus.invalidCases().findFirst().orElseThrow().frame()));
    }

    @Test
    void splitsTwoFramesSentOnOneLine() throws IOException {
        String line = Corpus.invalidCases().filter(c -> c.why().startsWith("two frames on one line")).findFirst().orElseThrow().frame();
        Run run = decode(line + "\r\n");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).extracting(l -> l.get("cn")).containsExactly("9011", "2081");
    }

    @Test
    void reportsTrailingGarbageAfterAValidFrame() throws IOException {
        String frame = Corpus.validFrames("hj212/more").get(21);
        Run run = decode(frame + "XX\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).containsEntry("qn", "20240615103102400");
        assertThat(run.lines().get(1)).isEqualTo(Map.of("error", "not a frame: no ## header", "frame", "XX"));
    }

    @Test
    void exitsOneWhenThereIsNoFrameAtAll() throws IOException {
        assertThat(decode("").exitCode()).isEqualTo(1);
        Run garbage = decode("CONNECT check.proxyradar.com:80 HTTP/1.1\r\n");
        assertThat(garbage.exitCode()).isEqualTo(1);
        assertThat(garbage.lines()).singleElement()
                .isEqualTo(Map.of("error", "not a frame: no ## header", "frame", "CONNECT check.proxyradar.com:80 HTTP/1.1"));
    }

    @Test
    void exitsOneWhenOneOfSeveralFramesIsInvalid() throws IOException {
        String good = Corpus.validFrames("hj212").get(0);
        Run run = decode(good + "\n" + good.replace("4980", "4981") + "\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).doesNotContainKey("error");
    }

    @Test
    void encodesAFrameForFieldEngineers() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("QN", "20160801085857223");
        header.put("ST", "32");
        header.put("CN", "1062");
        header.put("PW", "100000");
        header.put("MN", "010000A8900016F000169DC0");
        header.put("Flag", "5");
        assertThat(cli.encode(header, "RtdInterval=30")).isEqualTo(
                "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80");
        assertThatThrownBy(() -> cli.encode(Map.of("ST", "3;2"), "")).isInstanceOf(IllegalArgumentException.class);
    }
}
