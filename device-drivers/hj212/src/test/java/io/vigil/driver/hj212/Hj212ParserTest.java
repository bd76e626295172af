package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.driver.hj212.Hj212Frame.CpField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Hj212ParserTest {

    static Stream<Corpus.ValidCase> validCases() {
        return Corpus.validCases();
    }

    static Stream<Corpus.InvalidCase> invalidCases() {
        return Corpus.invalidCases();
    }

    static Hj212Frame valid(String frame) {
        Hj212ParseResult r = Hj212Parser.parse(frame);
        assertThat(r).as(frame).isInstanceOf(Hj212ParseResult.Valid.class);
        return ((Hj212ParseResult.Valid) r).frame();
    }

    private static String reason(String frame) {
        Hj212ParseResult r = Hj212Parser.parse(frame);
        assertThat(r).as(frame).isInstanceOf(Hj212ParseResult.Invalid.class);
        return ((Hj212ParseResult.Invalid) r).reason();
    }

    /** The frame in the shape of expected.jsonl. */
    private static Map<String, Object> asExpected(Hj212Frame f, String frameText) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("frame", frameText);
        o.put("qn", f.qn());
        o.put("st", f.st());
        o.put("cn", f.cn());
        o.put("pw", f.pw());
        o.put("mn", f.mn());
        o.put("flag", f.flag());
        if (f.pnum() != null) {
            o.put("pnum", f.pnum());
            o.put("pno", f.pno());
        }
        Map<String, Object> cp = new LinkedHashMap<>();
        f.cp().forEach((k, v) -> cp.put(k, v.size() == 1 ? v.get(0) : v));
        o.put("cp", cp);
        List<Object> groups = new ArrayList<>();
        for (List<CpField> g : f.cpGroups()) {
            groups.add(g.stream().map(x -> List.of(x.key(), x.value())).toList());
        }
        o.put("cp_groups", groups);
        return o;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void reproducesExpectedJsonForEveryValidFrame(Corpus.ValidCase c) {
        Hj212Frame f = valid(c.frame());
        assertThat(asExpected(f, c.frame())).isEqualTo(c.expected());
        assertThat(f.dataSegment()).isEqualTo(c.frame().substring(6, c.frame().length() - 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void rejectsEveryInvalidFrame(Corpus.InvalidCase c) {
        Hj212ParseResult r = Hj212Parser.parse(c.frame());
        assertThat(r).isInstanceOf(Hj212ParseResult.Invalid.class);
        Hj212ParseResult.Invalid inv = (Hj212ParseResult.Invalid) r;
        assertThat(inv.reason()).isNotBlank();
        assertThat(inv.frame()).isEqualTo(c.frame());
    }

    @Test
    void rejectsFrameWithWrongCrcNamingBothValues() {
        assertThat(reason(Corpus.invalidCases().findFirst().orElseThrow().frame()))
                .isEqualTo("CRC mismatch: frame says 4981, computed 4980");
    }

    @Test
    void rejectsTamperedDataWhoseCrcNoLongerMatches() {
        String tampered = Corpus.validFrames("hj212").get(2).replace("a34004-Rtd=207", "a34004-Rtd=208");
        assertThat(reason(tampered)).startsWith("CRC mismatch: frame says 5CC0, computed ").doesNotEndWith("5CC0");
    }

    @Test
    void rejectsModbusCrc() {
        assertThat(reason("##0081QN=1617957600465;ST=21;CN=9012;PW=123456;MN=DXCBZ000000005;Flag=5;CP=&&ExeRtn=1&&31DC"))
                .isEqualTo("CRC mismatch: frame says 31DC, computed 24C0");
    }

    @Test
    void rejectsLengthFieldThatDisagreesWithTheDataSegment() {
        String frame = Corpus.validFrames("hj212").get(6);
        assertThat(reason("##0412" + frame.substring(6))).isEqualTo("length field says 0412 but data segment has 411 bytes");
        assertThat(reason("##0410" + frame.substring(6))).isEqualTo("length field says 0410 but data segment has 411 bytes");
    }

    @Test
    void rejectsMalformedLengthFields() {
        assertThat(reason("##O352QN=1;ST=21;CN=2011;CP=&&&&0000")).isEqualTo("length field is not 4 decimal digits: \"O352\"");
        assertThat(reason("##352QN=1;ST=21;CN=2011;CP=&&&&0000")).isEqualTo("length field is not 4 decimal digits: \"352Q\"");
        assertThat(reason("##10024QN=1;ST=21;CN=2011;CP=&&&&0000"))
                .startsWith("length field has 5 digits (\"10024\")");
        assertThat(reason("##0356")).startsWith("frame too short");
    }

    @Test
    void rejectsFramesWithoutTheDoubleHashHeader() {
        assertThat(reason("#0435QN=1")).startsWith("missing ## header");
        assertThat(reason("$$0207QN=1")).isEqualTo("missing ## header: frame starts with \"$$0207\"");
        assertThat(reason("GET / HTTP/1.1")).startsWith("missing ## header");
        assertThat(reason("")).isEqualTo("empty frame");
    }

    @Test
    void rejectsCrcFieldThatIsNotHex() {
        assertThat(reason("##0094QN=20231008125115215;ST=22;CN=9011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&CC0G"))
                .isEqualTo("CRC field is not 4 hex digits: \"CC0G\"");
    }

    @Test
    void rejectsTwoFramesOnOneLine() {
        List<String> v = Corpus.validFrames("hj212");
        assertThat(reason(v.get(15) + v.get(16))).startsWith("a second ## header at byte 104");
    }

    @Test
    void rejectsMissingOrUnclosedCp() {
        assertThat(reason(frame("QN=1;ST=39;CN=2011;PW=123456;USCC=9144;IMEI=8677&&"))).isEqualTo("missing CP=&&…&&");
        assertThat(reason(frame("QN=1;ST=21;CN=2065;CP=&&DataTime=20190507020002;w21011-Flag=N")))
                .isEqualTo("CP not closed: the data segment must end with &&");
        assertThat(reason(frame("ST=21;CN=2065;CP=&&"))).isEqualTo("CP not closed: the data segment must end with &&");
    }

    @Test
    void rejectsBrokenHeaderAndCpFields() {
        assertThat(reason(frame("ST=21;CN=2011;PNO=1;CP=&&&&"))).isEqualTo("PNO without PNUM");
        assertThat(reason(frame("ST=21;CN=2011;PNUM=2;PNO=3;CP=&&&&"))).isEqualTo("PNO 3 is greater than PNUM 2");
        assertThat(reason(frame("ST=21;CN=2011;CN=2051;CP=&&&&"))).isEqualTo("header field CN appears twice");
        assertThat(reason(frame("ST=21;CP=&&&&"))).isEqualTo("missing CN in the header");
        assertThat(reason(frame("ST=21;CN=2011;CP=&&DataTime=1;a01001&&"))).isEqualTo("CP field without '=': \"a01001\"");
    }

    @Test
    void acceptsLowercaseCrcAndTrailingCrLf() {
        String frame = Corpus.validFrames("hj212").get(1);
        assertThat(frame).endsWith("1dc0");
        assertThat(valid(frame + "\r\n").mn()).isEqualTo("LD130133000015");
    }

    @Test
    void acceptsDataSegmentLongerThanTheStandardLimitAsAWarningOnly() {
        Hj212Frame big = Corpus.validFrames("hj212").stream().filter(f -> f.startsWith("##1703")).map(Hj212ParserTest::valid)
                .findFirst().orElseThrow();
        assertThat(big.exceedsStandardLength()).isTrue();
        assertThat(valid(Corpus.validFrames("hj212").get(0)).exceedsStandardLength()).isFalse();
    }

    @Test
    void keepsRepeatedCpKeysInOrder() {
        Hj212Frame f = valid(Corpus.validFrames("hj212").get(27));
        assertThat(f.cp().get("PolId")).containsExactly("w01019", "w21001", "w21003", "w21011");
        assertThat(f.cpValue("PolId")).isEqualTo("w01019");
        assertThat(f.cpGroups()).hasSize(5);
    }

    @Test
    void exposesHeaderInTheStandardOrder() {
        Hj212Frame f = valid(Corpus.validFrames("hj212").get(30));
        assertThat(f.dataSegment()).startsWith("ST=32;CN=2011;QN=");
        assertThat(f.header().keySet()).containsExactly("QN", "ST", "CN", "PW", "MN", "Flag");
    }

    /** A frame with correct length and CRC around {@code data}. */
    static String frame(String data) {
        return Hj212Encoder.frame(data).stripTrailing();
    }
}
