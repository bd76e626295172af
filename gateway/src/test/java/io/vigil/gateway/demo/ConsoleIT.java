package io.vigil.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.gateway.support.TestGateways;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real headless Chromium (Playwright driving Debian's /usr/bin/chromium) against
 * the demo: devices listed, stations online, filtering, a device's latest values with units, no
 * JavaScript errors. The browser script is src/test/console/console.test.mjs.
 */
class ConsoleIT {
    private static final Path SCRIPT_DIR = Path.of("src/test/console");

    @TempDir
    Path dir;

    @Test
    void fieldEngineerSeesDevicesAndLatestValuesInTheConsole() throws Exception {
        assertThat(SCRIPT_DIR.resolve("node_modules/playwright-core")).as("playwright-core is installed by scripts/test (npm ci in "
                + SCRIPT_DIR + ")").exists();
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"))).as("Chromium is installed by scripts/test").exists();
        try (Demo demo = Demo.start(new ConfigLoader().load(null, Map.of(), TestGateways.settings(dir)))) {
            Path screenshot = Path.of("target", "console.png");
            Path log = dir.resolve("console-test.log");
            Process p = new ProcessBuilder("node", "console.test.mjs", "http://127.0.0.1:" + demo.gateway().httpPort() + "/",
                    screenshot.toAbsolutePath().toString())
                    .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(finished).as("browser test finished in time; output:\n" + output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("console test passed");
            assertThat(screenshot).exists();
        }
    }
}
