package io.vigil.gateway.journal;

import io.vigil.model.Measurement;
import io.vigil.model.Quality;
import io.vigil.model.Reading;
import io.vigil.model.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Compact binary form of a {@link Reading} for the journal. Format version 1. */
public final class ReadingSerializer {
    private static final int VERSION = 1;

    private ReadingSerializer() {
    }

    public static byte[] toBytes(Reading r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + r.values().size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(r.deviceId());
            out.writeLong(r.timestamp().getEpochSecond());
            out.writeInt(r.timestamp().getNano());
            out.writeShort(r.tags().size());
            for (Map.Entry<String, String> t : r.tags().entrySet()) {
                out.writeUTF(t.getKey());
                out.writeUTF(t.getValue());
            }
            out.writeShort(r.values().size());
            for (Map.Entry<String, Measurement> v : r.values().entrySet()) {
                out.writeUTF(v.getKey());
                out.writeDouble(v.getValue().value());
                out.writeUTF(v.getValue().unit().symbol());
                out.writeUTF(v.getValue().quality().code());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Reading fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown journal entry format " + version);
            }
            String device = in.readUTF();
            Instant ts = Instant.ofEpochSecond(in.readLong(), in.readInt());
            int tagCount = in.readUnsignedShort();
            Map<String, String> tags = new LinkedHashMap<>();
            for (int i = 0; i < tagCount; i++) {
                tags.put(in.readUTF(), in.readUTF());
            }
            int valueCount = in.readUnsignedShort();
            Map<String, Measurement> values = new LinkedHashMap<>();
            for (int i = 0; i < valueCount; i++) {
                String metric = in.readUTF();
                double value = in.readDouble();
                Unit unit = Unit.parse(in.readUTF()).orElseThrow();
                Quality q = Quality.parse(in.readUTF()).orElseThrow();
                values.put(metric, new Measurement(value, unit, q));
            }
            return new Reading(device, ts, values, tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
