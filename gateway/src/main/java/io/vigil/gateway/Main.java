package io.vigil.gateway;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.gateway.demo.Demo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code vigil} command line. Exit codes: 0 ok, 1 runtime failure, 2 usage error. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Edge gateway for city-governance command centers.",
        subcommands = {Main.Run.class, Main.DemoCommand.class, Main.ConfigCommand.class, Hj212Command.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String msg = e instanceof ConfigException ? e.getMessage() : oneLine(e);
            cmd.getErr().println("vigil: error: " + msg);
            return 1;
        });
        System.exit(cli.execute(args));
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        return (m == null ? t.toString() : m).lines().findFirst().orElse(t.toString());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: run, demo or config (see vigil --help)");
    }

    /** Options shared by run and demo. */
    static class ConfigOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys: reference.yaml)")
        Path config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key, e.g. --set http.port=8081 (repeatable)")
        List<String> sets = new ArrayList<>();

        VigilConfig load(List<String> defaults) {
            return new ConfigLoader().load(config, System.getenv(), defaults, sets);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway until Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws Exception {
            Gateway g = Gateway.start(options.load(List.of()));
            awaitShutdown(g::close);
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the gateway with embedded everything and simulated stations (data in ./data/demo unless data.dir is set).")
    static final class DemoCommand implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws Exception {
            VigilConfig config = options.load(List.of("data.dir=./data/demo"));
            Demo demo = Demo.start(config);
            awaitShutdown(demo::close);
            return 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true, description = "Check a configuration, or print the reference.")
    static final class ConfigCommand implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Option(names = "--reference", description = "Print reference.yaml (every key with its default)")
        boolean reference;

        @Override
        public Integer call() {
            if (reference) {
                System.out.print(ConfigLoader.referenceText());
            } else {
                VigilConfig c = options.load(List.of());
                System.out.println("configuration is valid: " + c);
            }
            return 0;
        }
    }

    private static void awaitShutdown(Runnable close) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("vigil: stopping...");
            close.run();
            System.err.println("vigil: stopped");
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
    }
}
