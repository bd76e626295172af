package io.vigil.gateway;

import io.vigil.driver.hj212.Hj212Encoder;
import io.vigil.driver.hj212.Hj212Frame;
import io.vigil.driver.hj212.Hj212Json;
import io.vigil.driver.hj212.Hj212ParseResult;
import io.vigil.driver.hj212.Hj212Parser;
import io.vigil.config.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil hj212 simulate}: plays a data logger for field engineers: connects over TCP, sends
 * real-time data (CN 2011) with Flag=5 (answer requested) at an interval, prints each frame sent and
 * each answer received, answers clock queries and settings (CN 1011, 1012) as a logger does, and
 * reconnects with backoff when the connection drops.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Plays an HJ 212-2017 data logger (air/dust station) against a gateway or platform.")
final class Hj212Simulate implements Callable<Integer> {
    private static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final ZoneId LOCAL = ZoneId.of("Asia/Shanghai");

    @Spec
    CommandSpec spec;
    @Option(names = "--to", required = true, description = "host:port of the HJ 212 server, e.g. 127.0.0.1:6010")
    String to;
    @Option(names = "--mn", required = true, description = "the logger's MN")
    String mn;
    @Option(names = "--pw", defaultValue = "123456", description = "access password (default ${DEFAULT-VALUE})")
    String pw;
    @Option(names = "--st", defaultValue = "22", description = "system code (default ${DEFAULT-VALUE}, air)")
    String st;
    @Option(names = "--interval", defaultValue = "10s", description = "time between frames (default ${DEFAULT-VALUE})")
    String interval;
    @Option(names = "--count", defaultValue = "0", description = "frames to send, 0 = until Ctrl-C (default ${DEFAULT-VALUE})")
    int count;

    @Override
    public Integer call() throws Exception {
        int colon = to.lastIndexOf(':');
        if (colon <= 0) {
            throw new ParameterException(spec.commandLine(), "--to must be host:port, was '" + to + "'");
        }
        String host = to.substring(0, colon);
        int port = Integer.parseInt(to.substring(colon + 1));
        Duration every = Durations.parse(interval);
        if (every == null || every.isZero()) {
            throw new ParameterException(spec.commandLine(), "--interval must be a duration such as 500ms or 10s, was '" + interval + "'");
        }
        PrintStream out = System.out;
        Random random = new Random();
        long backoffMs = 500;
        int sent = 0;
        while (count == 0 || sent < count) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 5_000);
                socket.setSoTimeout(10_000);
                out.println("connected to " + to + " as MN " + mn);
                backoffMs = 500;
                OutputStream os = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                while (count == 0 || sent < count) {
                    String qn = ZonedDateTime.now(LOCAL).format(QN);
                    String frame = realtimeFrame(qn, random);
                    os.write((frame + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    os.flush();
                    sent++;
                    out.println("sent    " + frame);
                    awaitAnswer(qn, in, os, out);
                    if (count == 0 || sent < count) {
                        Thread.sleep(every.toMillis());
                    }
                }
            } catch (IOException e) {
                out.println("connection to " + to + " failed: " + e.getMessage() + "; retrying in " + backoffMs + " ms");
                Thread.sleep(backoffMs);
                backoffMs = Math.min(30_000, backoffMs * 2);
            }
        }
        return 0;
    }

    /**
     * Reads until the answer to the frame just sent (QN {@code qn}) arrives, answering the gateway's
     * commands on the way as a logger does: 1011 (clock query) and 1012 (clock set).
     */
    private void awaitAnswer(String qn, BufferedReader in, OutputStream os, PrintStream out) throws IOException {
        boolean answered = false;
        try {
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("the server closed the connection");
                }
                Hj212ParseResult r = Hj212Parser.parse(line);
                if (!(r instanceof Hj212ParseResult.Valid v)) {
                    out.println("received an invalid frame: " + line);
                    continue;
                }
                Hj212Frame f = v.frame();
                out.println((qn.equals(f.qn()) ? "answer  " : "command ") + Hj212Json.frame(f));
                if ("1011".equals(f.cn()) || "1012".equals(f.cn())) {
                    answerCommand(f, os, out);
                }
                answered |= qn.equals(f.qn());
                if (answered && !in.ready()) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            out.println("answer  none within 10 s");
        }
    }

    private void answerCommand(Hj212Frame command, OutputStream os, PrintStream out) throws IOException {
        StringBuilder replies = new StringBuilder(reply(command, "9011", "QnRtn=1"));
        if ("1011".equals(command.cn())) {
            replies.append(reply(command, "1011", "SystemTime=" + ZonedDateTime.now(LOCAL).format(DATA_TIME)));
        }
        replies.append(reply(command, "9012", "ExeRtn=1"));
        os.write(replies.toString().getBytes(StandardCharsets.US_ASCII));
        os.flush();
        out.println("replied to command " + command.cn());
    }

    private String reply(Hj212Frame command, String cn, String cp) {
        return Hj212Encoder.frame(command.qn(), st, cn, pw, mn, "4", cp);
    }

    private String realtimeFrame(String qn, Random random) {
        ZonedDateTime now = ZonedDateTime.now(LOCAL);
        String cp = "DataTime=" + now.format(DATA_TIME)
                + ";a34002-Rtd=" + fmt(60 + random.nextGaussian() * 15) + ",a34002-Flag=N"
                + ";a34004-Rtd=" + fmt(35 + random.nextGaussian() * 8) + ",a34004-Flag=N"
                + ";a01007-Rtd=" + fmt(Math.abs(2.5 + random.nextGaussian())) + ",a01007-Flag=N";
        return Hj212Encoder.frame(qn, st, "2011", pw, mn, "5", cp).stripTrailing();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", Math.max(0, v));
    }
}
