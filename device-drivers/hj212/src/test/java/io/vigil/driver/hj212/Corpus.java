package io.vigil.driver.hj212;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The verified HJ 212 corpus copied from shared/data/hj212 (set "hj212") and shared/data/hj212/more ("hj212/more"). */
final class Corpus {

    static final List<String> SETS = List.of("hj212", "hj212/more");
    private static final JsonFactory JSON = new JsonFactory();

    /** A line of valid.txt with its expected.jsonl object. */
    record ValidCase(String set, int line, String frame, Map<String, Object> expected) {
        @Override
        public String toString() {
            return set + "/valid.txt:" + line;
        }
    }

    /** A frame of invalid.txt with the comment that says why it is invalid. */
    record InvalidCase(String set, int line, String why, String frame) {
        @Override
        public String toString() {
            return set + "/invalid.txt:" + line + " (" + why + ")";
        }
    }

    /** A stream case of segments.jsonl. */
    record SegmentCase(String set, String id, List<String> segments, List<String> frames) {
        @Override
        public String toString() {
            return set + "/" + id;
        }
    }

    private Corpus() {
    }

    static List<String> validFrames(String set) {
        return lines(set + "/valid.txt");
    }

    static List<String> allValidFrames() {
        return SETS.stream().flatMap(s -> validFrames(s).stream()).toList();
    }

    static Stream<ValidCase> validCases() {
        return SETS.stream().flatMap(set -> {
            List<String> frames = validFrames(set);
            List<String> expected = lines(set + "/expected.jsonl");
            if (frames.size() != expected.size()) {
                throw new IllegalStateException(set + ": valid.txt and expected.jsonl differ in length");
            }
            List<ValidCase> cases = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                cases.add(new ValidCase(set, i + 1, frames.get(i), asObject(json(expected.get(i)))));
            }
            return cases.stream();
        });
    }

    static Stream<InvalidCase> invalidCases() {
        return SETS.stream().flatMap(set -> {
            List<String> lines = lines(set + "/invalid.txt");
            List<InvalidCase> cases = new ArrayList<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                if (!lines.get(i).startsWith("# ")) {
                    throw new IllegalStateException(set + "/invalid.txt:" + (i + 1) + " should be a comment");
                }
                cases.add(new InvalidCase(set, i + 2, lines.get(i).substring(2), lines.get(i + 1)));
            }
            return cases.stream();
        });
    }

    @SuppressWarnings("unchecked")
    static Stream<SegmentCase> segmentCases() {
        return SETS.stream().flatMap(set -> lines(set + "/segments.jsonl").stream().map(l -> {
            Map<String, Object> o = asObject(json(l));
            return new SegmentCase(set, (String) o.get("id"), (List<String>) o.get("segments"), (List<String>) o.get("frames"));
        }));
    }

    static String resource(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String path) {
        return resource(path).lines().filter(l -> !l.isEmpty()).toList();
    }

    /** Parses JSON into maps, lists, strings, numbers, booleans and null. */
    static Object json(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            return value(p, p.nextToken());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object json) {
        return (Map<String, Object>) json;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected JSON token " + t);
        }
    }
}
