package io.vigil.gateway;

import io.vigil.driver.hj212.Hj212Cli;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil hj212 ...}: tools for field engineers testing HJ 212-2017 data loggers. */
@Command(name = "hj212", mixinStandardHelpOptions = true, description = "HJ 212-2017 frame tools.",
        subcommands = {Hj212Command.Decode.class, Hj212Command.Encode.class, Hj212Simulate.class})
final class Hj212Command implements Runnable {

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a subcommand is required: decode, encode or simulate");
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = {"Reads frames from stdin (one per line, or a raw byte stream) and writes one JSON object per frame:",
                    "{\"qn\",\"st\",\"cn\",\"pw\",\"mn\",\"flag\",\"cp\":{...}} with values exactly as sent, or {\"error\": ..., \"frame\": ...}.",
                    "Exit status 0 if every frame decoded, 1 otherwise."})
    static final class Decode implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            return new Hj212Cli().decode(System.in, out);
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Builds a frame with correct length and CRC from its fields and prints it.")
    static final class Encode implements Callable<Integer> {
        private static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

        @Option(names = "--qn", description = "request id (default: now, yyyyMMddHHmmssSSS in Asia/Shanghai)")
        String qn;
        @Option(names = "--st", required = true, description = "system code, e.g. 32 (surface water), 22 (air)")
        String st;
        @Option(names = "--cn", required = true, description = "command, e.g. 2011 real-time data")
        String cn;
        @Option(names = "--pw", defaultValue = "123456", description = "access password (default ${DEFAULT-VALUE})")
        String pw;
        @Option(names = "--mn", required = true, description = "data logger id")
        String mn;
        @Option(names = "--flag", defaultValue = "4", description = "Flag (default ${DEFAULT-VALUE}: HJ 212-2017, no answer requested; 5 asks for one)")
        String flag;
        @Option(names = "--cp", required = true, description = "CP content, e.g. 'DataTime=20261123150000;a34002-Rtd=85.2,a34002-Flag=N'")
        String cp;

        @Override
        public Integer call() {
            Map<String, String> header = new LinkedHashMap<>();
            header.put("QN", qn != null ? qn : ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).format(QN));
            header.put("ST", st);
            header.put("CN", cn);
            header.put("PW", pw);
            header.put("MN", mn);
            header.put("Flag", flag);
            System.out.println(new Hj212Cli().encode(header, cp));
            return 0;
        }
    }
}
