package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.driver.hj212.Hj212PacketAssembler.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hj212PacketAssemblerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final Hj212Frame PART_1 = Hj212ParserTest.valid(Corpus.validFrames("hj212/more").get(10));
    private static final Hj212Frame PART_2 = Hj212ParserTest.valid(Corpus.validFrames("hj212/more").get(11));

    private final Hj212PacketAssembler assembler = new Hj212PacketAssembler(2, Duration.ofSeconds(30));

    private static Hj212Frame complete(Result r) {
        assertThat(r).isInstanceOf(Result.Complete.class);
        return ((Result.Complete) r).frame();
    }

    @Test
    void reassemblesATwoPacketSetIntoOneFrame() {
        assertThat(assembler.offer(PART_1, T0)).isEqualTo(new Result.Incomplete(
                "MN=DM000001 ST=21 CN=2011 QN/DataTime=20191225155200", 1, 2));
        Hj212Frame merged = complete(assembler.offer(PART_2, T0.plusSeconds(1)));
        assertThat(merged.isSplit()).isFalse();
        assertThat(merged.pnum()).isNull();
        assertThat(merged.header()).containsOnlyKeys("ST", "CN", "PW", "MN");
        assertThat(merged.cp().get("DataTime")).containsExactly("20191225155200");
        assertThat(merged.cp().keySet()).filteredOn(k -> k.endsWith("-Rtd")).containsExactly("w01001-Rtd", "w01006-Rtd",
                "w01010-Rtd", "w01014-Rtd", "w21003-Rtd", "w21011-Rtd", "w01019-Rtd", "w01003-Rtd");
        assertThat(Hj212ParserTest.valid(Hj212Encoder.frame(merged.dataSegment()))).isEqualTo(merged);
        assertThat(assembler.pendingSets()).isZero();
    }

    @Test
    void reassemblesPacketsArrivingOutOfOrder() {
        assertThat(assembler.offer(PART_2, T0)).isInstanceOf(Result.Incomplete.class);
        Hj212Frame merged = complete(assembler.offer(PART_1, T0));
        assertThat(merged.cpGroups().get(1).get(0).key()).isEqualTo("w01001-Rtd");
    }

    @Test
    void passesUnsplitFramesThrough() {
        Hj212Frame whole = Hj212ParserTest.valid(Corpus.validFrames("hj212").get(0));
        assertThat(complete(assembler.offer(whole, T0))).isSameAs(whole);
    }

    @Test
    void dropsAnIncompleteSetAfterTheTimeoutAndSaysSo() {
        Hj212Frame lonely = Hj212ParserTest.valid(Corpus.validFrames("hj212").get(11));
        assertThat(assembler.offer(lonely, T0)).isEqualTo(new Result.Incomplete(
                "MN=14513567846884 ST=31 CN=2051 QN/DataTime=20191112091100598", 1, 2));
        assertThat(assembler.expire(T0.plusSeconds(29))).isEmpty();
        List<Result.Invalid> expired = assembler.expire(T0.plusSeconds(30));
        assertThat(expired).singleElement().extracting(Result.Invalid::reason).asString()
                .contains("timed out with 1 of 2 packets");
        assertThat(assembler.pendingSets()).isZero();
    }

    @Test
    void refusesANewSetWhenTheLimitIsReached() {
        assembler.offer(PART_1, T0);
        assembler.offer(Hj212ParserTest.valid(Corpus.validFrames("hj212").get(11)), T0);
        Hj212Frame third = Hj212ParserTest.valid(Hj212Encoder.frame(PART_1.dataSegment().replace("DM000001", "DM000009")));
        assertThat(assembler.offer(third, T0)).isInstanceOf(Result.Invalid.class)
                .extracting(r -> ((Result.Invalid) r).reason()).asString().contains("2 split-packet sets are already waiting");
        assertThat(complete(assembler.offer(PART_2, T0)).mn()).as("existing sets still complete").isEqualTo("DM000001");
    }

    @Test
    void refusesADuplicatePacketAndKeepsTheFirst() {
        assembler.offer(PART_1, T0);
        assertThat(assembler.offer(PART_1, T0)).isInstanceOf(Result.Invalid.class)
                .extracting(r -> ((Result.Invalid) r).reason()).asString().startsWith("duplicate packet 1/2");
        assertThat(complete(assembler.offer(PART_2, T0)).cp()).containsKey("w01001-Rtd");
    }

    @Test
    void refusesAPacketWhosePnumDisagreesWithItsSet() {
        assembler.offer(PART_1, T0);
        Hj212Frame three = Hj212ParserTest.valid(Hj212Encoder.frame(PART_2.dataSegment().replace("PNUM=2", "PNUM=3")));
        assertThat(assembler.offer(three, T0)).isInstanceOf(Result.Invalid.class)
                .extracting(r -> ((Result.Invalid) r).reason()).asString().contains("says PNUM=3 but the set has 2 packets");
    }

    @Test
    void validatesItsLimits() {
        assertThatThrownBy(() -> new Hj212PacketAssembler(0, Duration.ofSeconds(1))).hasMessageContaining("maxPending");
        assertThatThrownBy(() -> new Hj212PacketAssembler(1, Duration.ZERO)).hasMessageContaining("timeout");
    }
}
