package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.driver.hj212.Hj212Encoder.ExeRtn;
import io.vigil.driver.hj212.Hj212Encoder.QnRtn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Hj212EncoderTest {

    private static final String STANDARD_EXAMPLE =
            "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";

    @Test
    void encodesTheStandardsExampleWithLength0101AndCrc1C80() {
        assertThat(Hj212Encoder.frame(STANDARD_EXAMPLE)).isEqualTo("##0101" + STANDARD_EXAMPLE + "1C80\r\n");
    }

    @Test
    void reencodingEveryValidFrameGivesTheSameLengthAndCrc() {
        for (String frame : Corpus.allValidFrames()) {
            String encoded = Hj212Encoder.frame(Hj212CrcTest.dataSegment(frame));
            assertThat(encoded.stripTrailing().toUpperCase(Locale.ROOT)).as(frame).isEqualTo(frame.toUpperCase(Locale.ROOT));
        }
    }

    @Test
    void roundTripsHeaderAndCpThroughTheParser() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("QN", "20240615103000000");
        header.put("ST", "21");
        header.put("CN", "2011");
        header.put("PW", "123456");
        header.put("MN", "SYN21");
        header.put("Flag", "5");
        String cp = "DataTime=20240615103000;w21003-Rtd=0.215,w21003-Flag=N";
        Hj212Frame f = Hj212ParserTest.valid(Hj212Encoder.frame(Hj212Encoder.dataSegment(header, cp)));
        assertThat(f.header()).isEqualTo(header);
        assertThat(Hj212Encoder.cp(f.cpGroups())).isEqualTo(cp);
    }

    @Test
    void rebuildsCpTextFromGroupsLosslessly() {
        for (String frame : Corpus.allValidFrames()) {
            Hj212Frame f = Hj212ParserTest.valid(frame);
            String data = f.dataSegment();
            String cpText = data.substring(data.indexOf("CP=&&") + 5, data.length() - 2);
            assertThat(Hj212Encoder.cp(f.cpGroups())).as(frame).isEqualTo(cpText.replaceAll(";$", ""));
        }
    }

    @Test
    void leavesOutNullHeaderValues() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("QN", null);
        header.put("ST", "32");
        header.put("CN", "2011");
        assertThat(Hj212Encoder.dataSegment(header, "")).isEqualTo("ST=32;CN=2011;CP=&&&&");
    }

    @Test
    void refusesFieldsThatWouldBreakTheStructure() {
        assertThatThrownBy(() -> Hj212Encoder.dataSegment(Map.of("MN", "a;b"), "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'MN'");
        assertThatThrownBy(() -> Hj212Encoder.frame("x".repeat(10_000))).hasMessageContaining("at most 9999");
        assertThatThrownBy(() -> Hj212Encoder.frame("ST=32;\r\n")).hasMessageContaining("CR or LF");
    }

    @Test
    void answersARequestWith9011EchoingQnAndClearingTheAckBit() {
        Hj212Frame request = Hj212ParserTest.valid("##0101" + STANDARD_EXAMPLE + "1C80");
        String answer = Hj212Encoder.requestAnswer(request, QnRtn.READY);
        assertThat(answer).isEqualTo(Hj212Encoder.frame(
                "QN=20160801085857223;ST=91;CN=9011;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&"));
        Hj212Frame parsed = Hj212ParserTest.valid(answer);
        assertThat(parsed.cpValue("QnRtn")).isEqualTo("1");
        assertThat(Hj212Encoder.requestAnswer(request, QnRtn.WRONG_CRC)).contains("QnRtn=9&&");
    }

    @Test
    void reportsExecutionResultWith9012() {
        Hj212Frame request = Hj212ParserTest.valid("##0101" + STANDARD_EXAMPLE + "1C80");
        Hj212Frame result = Hj212ParserTest.valid(Hj212Encoder.executionResult(request, ExeRtn.SUCCESS));
        assertThat(List.of(result.st(), result.cn(), result.qn(), result.flag(), result.cpValue("ExeRtn")))
                .containsExactly("91", "9012", "20160801085857223", "4", "1");
        assertThat(Hj212Encoder.executionResult(request, ExeRtn.NO_DATA)).contains("ExeRtn=100&&");
    }

    @Test
    void acknowledgesDataOnlyWhenTheFlagAsksForIt() {
        List<String> v = Corpus.validFrames("hj212");
        Hj212Frame asks = Hj212ParserTest.valid(v.get(39));
        assertThat(asks.flag()).isEqualTo("5");
        assertThat(Hj212Encoder.acknowledgementFor(asks)).hasValue(Hj212Encoder.frame(
                "QN=20240615103012345;ST=91;CN=9014;PW=123456;MN=SYN2100000000000000000A1;Flag=4;CP=&&&&"));
        assertThat(Hj212Encoder.acknowledgementFor(Hj212ParserTest.valid(v.get(6)))).as("Flag=4").isEmpty();
        assertThat(Hj212Encoder.acknowledgementFor(Hj212ParserTest.valid(v.get(0)))).as("no Flag").isEmpty();
        assertThat(Hj212Encoder.acknowledgementFor(Hj212ParserTest.valid(v.get(25)))).as("Flag=9, version 2").isPresent()
                .hasValueSatisfying(a -> assertThat(a).contains(";Flag=8;"));
    }

    @Test
    void neverAcknowledgesAnAnswer() {
        Hj212Frame answerAskingForAck = Hj212ParserTest.valid(Corpus.validFrames("hj212/more").get(1));
        assertThat(answerAskingForAck.cn()).isEqualTo("9014");
        assertThat(answerAskingForAck.flag()).isEqualTo("5");
        assertThat(Hj212Encoder.acknowledgementFor(answerAskingForAck)).isEmpty();
    }

    @Test
    void answersAFrameWithoutQnOrFlagWithoutThem() {
        Hj212Frame old = Hj212ParserTest.valid(Corpus.validFrames("hj212").get(0));
        assertThat(Hj212Encoder.dataAnswer(old)).isEqualTo(Hj212Encoder.frame("ST=91;CN=9014;PW=123456;MN=LD130133000015;CP=&&&&"));
    }
}
