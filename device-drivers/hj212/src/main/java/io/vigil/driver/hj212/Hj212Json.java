package io.vigil.driver.hj212;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.driver.hj212.Hj212Frame.HeaderField;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-line JSON form of a frame used by {@code vigil hj212 decode}:
 * {@code {"qn","st","cn","pw","mn","flag",["pnum","pno",]"cp":{...}}} with every value a string
 * exactly as sent ({@code null} for an absent header field; a CP key that occurs more than once gets
 * an array of its values), and {@code {"error":"<reason>","frame":"<text>"}} for what is not a
 * valid frame. Thread-safe.
 */
public final class Hj212Json {

    private static final JsonFactory JSON = new JsonFactory();
    private static final List<HeaderField> ALWAYS_WRITTEN =
            List.of(HeaderField.QN, HeaderField.ST, HeaderField.CN, HeaderField.PW, HeaderField.MN, HeaderField.FLAG);
    private static final List<HeaderField> WRITTEN_WHEN_PRESENT = List.of(HeaderField.PNUM, HeaderField.PNO);

    private Hj212Json() {
    }

    /** The JSON object of a valid frame, on one line. */
    public static String frame(Hj212Frame frame) {
        return write(g -> {
            for (HeaderField f : ALWAYS_WRITTEN) {
                g.writeStringField(jsonName(f), frame.header(f));
            }
            for (HeaderField f : WRITTEN_WHEN_PRESENT) {
                if (frame.header(f) != null) {
                    g.writeStringField(jsonName(f), frame.header(f));
                }
            }
            g.writeObjectFieldStart("cp");
            for (Map.Entry<String, List<String>> e : frame.cp().entrySet()) {
                if (e.getValue().size() == 1) {
                    g.writeStringField(e.getKey(), e.getValue().get(0));
                } else {
                    g.writeArrayFieldStart(e.getKey());
                    for (String v : e.getValue()) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        });
    }

    /** The JSON object reporting an invalid frame or garbage, on one line. */
    public static String error(String reason, String frameText) {
        return write(g -> {
            g.writeStringField("error", reason);
            g.writeStringField("frame", frameText);
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    private static String jsonName(HeaderField f) {
        return f.wireName().toLowerCase(Locale.ROOT);
    }
}
