package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Hj212CrcTest {

    private static final String STANDARD_EXAMPLE =
            "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";
    private static final Set<Integer> ARC_TABLE_LOW_BYTES = Set.of(0x00, 0x01, 0x40, 0x41, 0x80, 0x81, 0xC0, 0xC1);

    private static int crc(String data) {
        return Hj212Crc.compute(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The data segment of a corpus frame: between the length field and the CRC. */
    static String dataSegment(String frame) {
        return frame.substring(6, frame.length() - 4);
    }

    @Test
    void standardExampleGives1C80() {
        assertThat(Hj212Crc.toHex(crc(STANDARD_EXAMPLE))).isEqualTo("1C80");
    }

    @Test
    void teafullTestFramesGiveTheirKnownVectors() {
        assertThat(Hj212Crc.toHex(crc(dataSegment(Corpus.validFrames("hj212").get(2))))).isEqualTo("5CC0");
        assertThat(Hj212Crc.toHex(crc(dataSegment(Corpus.validFrames("hj212").get(3))))).isEqualTo("5D80");
    }

    @Test
    void isNotModbusCrc16() {
        // Modbus CRC-16 of this segment is 0x0137 (invalid.txt of the second set); HJ 212 gives 71C0.
        String data = "QN=20170302150101001;ST=22;CN=2051;PW=123456;MN=AQHJ0QP0100001;Flag=3;"
                + "CP=&&BeginTime=20170302000000,EndTime=20170303000000&&";
        assertThat(Hj212Crc.toHex(crc(data))).isEqualTo("71C0");
    }

    @Test
    void everyCorpusFrameCarriesItsComputedCrc() {
        for (String frame : Corpus.allValidFrames()) {
            assertThat(Hj212Crc.matches(frame.substring(frame.length() - 4), crc(dataSegment(frame)))).as(frame).isTrue();
        }
    }

    @Test
    void lowByteOfANonEmptyInputIsAlwaysAnEntryOfTheArcTable() {
        Random random = new Random(212);
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[1 + random.nextInt(64)];
            random.nextBytes(data);
            assertThat(Hj212Crc.compute(data) & 0xFF).isIn(ARC_TABLE_LOW_BYTES);
        }
        for (String frame : Corpus.allValidFrames()) {
            assertThat(Integer.parseInt(frame.substring(frame.length() - 2), 16)).as(frame).isIn(ARC_TABLE_LOW_BYTES);
        }
        assertThat(Hj212Crc.compute(new byte[0])).as("no byte, no table lookup").isEqualTo(0xFFFF);
    }

    @Test
    void verificationIgnoresCase() {
        assertThat(Hj212Crc.matches("1dc0", 0x1DC0)).isTrue();
        assertThat(Hj212Crc.matches("1DC0", 0x1DC0)).isTrue();
        assertThat(Hj212Crc.matches("1DC1", 0x1DC0)).isFalse();
        assertThat(Hj212Crc.matches("1DC", 0x1DC)).isFalse();
        assertThat(Hj212Crc.matches("CC0G", 0xCC00)).isFalse();
    }

    @Test
    void formatsFourUpperCaseHexDigits() {
        assertThat(Hj212Crc.toHex(0x0440)).isEqualTo("0440");
        assertThat(Hj212Crc.toHex(0xf001)).isEqualTo("F001");
        assertThatThrownBy(() -> Hj212Crc.toHex(0x10000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void computesOverASliceOnly() {
        byte[] framed = ("##0101" + STANDARD_EXAMPLE + "1C80").getBytes(StandardCharsets.US_ASCII);
        assertThat(Hj212Crc.compute(framed, 6, framed.length - 10)).isEqualTo(0x1C80);
    }
}
