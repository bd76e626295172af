package io.vigil.driver.hj212;

import io.vigil.driver.hj212.Hj212Frame.CpField;
import io.vigil.driver.hj212.Hj212Frame.HeaderField;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reassembles split packets (PNUM/PNO present) into one logical frame. Packets of one set share MN,
 * ST, CN and QN; devices that send no QN (HJ/T 212-2005 style) are matched on the CP DataTime
 * instead. The merged frame has the header of the first packet without PNUM/PNO (Flag as sent), and
 * the CP groups of all packets in PNO order, a group repeated verbatim (the DataTime of every
 * packet) kept once. Unsplit frames pass through as {@link Result.Complete}.
 *
 * <p>Bounded: at most {@code maxPending} sets wait at once; a packet that would open one more is
 * refused as {@link Result.Invalid}. Time comes from the caller: {@link #expire(Instant)} drops sets
 * older than the timeout and reports each; call it regularly, e.g. before each {@link #offer}. One
 * instance per connection; not thread-safe.
 */
public final class Hj212PacketAssembler {

    /** Default limit of sets waiting for their missing packets. */
    public static final int DEFAULT_MAX_PENDING = 64;
    /** Default time a set may wait for its missing packets. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** What an offered packet led to. */
    public sealed interface Result {
        /** A whole logical frame: an unsplit frame or a completed set. */
        record Complete(Hj212Frame frame) implements Result {
        }

        /** The packet was stored; the set still misses packets. */
        record Incomplete(String set, int received, int total) implements Result {
        }

        /** The packet or set was refused or dropped, with the reason. */
        record Invalid(String reason) implements Result {
        }
    }

    private record SetKey(String mn, String st, String cn, String qnOrDataTime) {
        static SetKey of(Hj212Frame f) {
            return new SetKey(f.mn(), f.st(), f.cn(), f.qn() != null ? f.qn() : f.cpValue("DataTime"));
        }

        @Override
        public String toString() {
            return "MN=" + mn + " ST=" + st + " CN=" + cn + " QN/DataTime=" + qnOrDataTime;
        }
    }

    private static final class PendingSet {
        final Instant opened;
        final Hj212Frame[] packets;
        int received;

        PendingSet(Instant opened, int total) {
            this.opened = opened;
            this.packets = new Hj212Frame[total];
        }
    }

    private final int maxPending;
    private final Duration timeout;
    private final Map<SetKey, PendingSet> pending = new LinkedHashMap<>();

    public Hj212PacketAssembler() {
        this(DEFAULT_MAX_PENDING, DEFAULT_TIMEOUT);
    }

    public Hj212PacketAssembler(int maxPending, Duration timeout) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.maxPending = maxPending;
        this.timeout = timeout;
    }

    /** Takes one parsed frame received at {@code now}. */
    public Result offer(Hj212Frame frame, Instant now) {
        Objects.requireNonNull(now, "now");
        if (!frame.isSplit()) {
            return new Result.Complete(frame);
        }
        int total = Hj212Parser.packetNumber(frame.pnum());
        int no = Hj212Parser.packetNumber(frame.pno());
        if (total < 1 || no < 1 || no > total) {
            return new Result.Invalid("PNO=" + frame.pno() + " and PNUM=" + frame.pnum() + " do not describe a packet of a set");
        }
        SetKey key = SetKey.of(frame);
        PendingSet set = pending.get(key);
        if (set == null) {
            if (pending.size() >= maxPending) {
                return new Result.Invalid("refused packet " + no + "/" + total + " of " + key + ": "
                        + maxPending + " split-packet sets are already waiting");
            }
            set = new PendingSet(now, total);
            pending.put(key, set);
        } else if (set.packets.length != total) {
            return new Result.Invalid("packet " + no + " of " + key + " says PNUM=" + total
                    + " but the set has " + set.packets.length + " packets");
        }
        if (set.packets[no - 1] != null) {
            return new Result.Invalid("duplicate packet " + no + "/" + total + " of " + key + "; the first one is kept");
        }
        set.packets[no - 1] = frame;
        set.received++;
        if (set.received < total) {
            return new Result.Incomplete(key.toString(), set.received, total);
        }
        pending.remove(key);
        return merge(set.packets);
    }

    /** Drops the sets that have waited {@code timeout} or longer at {@code now}, one result each. */
    public List<Result.Invalid> expire(Instant now) {
        List<Result.Invalid> expired = new ArrayList<>();
        for (Iterator<Map.Entry<SetKey, PendingSet>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SetKey, PendingSet> e = it.next();
            PendingSet set = e.getValue();
            if (!now.isBefore(set.opened.plus(timeout))) {
                it.remove();
                expired.add(new Result.Invalid("split-packet set " + e.getKey() + " timed out with "
                        + set.received + " of " + set.packets.length + " packets"));
            }
        }
        return expired;
    }

    /** Number of sets waiting for packets. */
    public int pendingSets() {
        return pending.size();
    }

    private static Result merge(Hj212Frame[] packets) {
        List<List<CpField>> groups = new ArrayList<>();
        for (Hj212Frame packet : packets) {
            for (List<CpField> group : packet.cpGroups()) {
                if (!groups.contains(group)) {
                    groups.add(group);
                }
            }
        }
        Map<String, String> header = new LinkedHashMap<>(packets[0].header());
        header.remove(HeaderField.PNUM.wireName());
        header.remove(HeaderField.PNO.wireName());
        Hj212ParseResult merged = Hj212Parser.parseDataSegment(Hj212Encoder.dataSegment(header, Hj212Encoder.cp(groups)));
        if (merged instanceof Hj212ParseResult.Valid valid) {
            return new Result.Complete(valid.frame());
        }
        return new Result.Invalid("merged frame is invalid: " + ((Hj212ParseResult.Invalid) merged).reason());
    }
}
