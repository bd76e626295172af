package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class Hj212JsonTest {

    static Stream<Corpus.ValidCase> validCases() {
        return Corpus.validCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void writesEveryValidFrameAsTheExpectedFieldsOnOneLine(Corpus.ValidCase c) {
        String json = Hj212Json.frame(Hj212ParserTest.valid(c.frame()));
        assertThat(json).doesNotContain("\n");
        Map<String, Object> expected = new LinkedHashMap<>(c.expected());
        expected.remove("frame");
        expected.remove("cp_groups");
        Map<String, Object> written = Corpus.asObject(Corpus.json(json));
        assertThat(written).isEqualTo(expected);
        assertThat(List.copyOf(written.keySet()).subList(0, 6)).containsExactly("qn", "st", "cn", "pw", "mn", "flag");
    }

    @Test
    void writesRepeatedCpKeysAsArrays() {
        Map<String, Object> written = Corpus.asObject(Corpus.json(Hj212Json.frame(Hj212ParserTest.valid(Corpus.validFrames("hj212").get(27)))));
        assertThat(Corpus.asObject(written.get("cp")).get("i12001-Info")).isEqualTo(List.of("1", "1", "1", "1"));
    }

    @Test
    void writesAnErrorWithTheFrameAsReceived() {
        assertThat(Hj212Json.error("CRC mismatch: frame says 4981, computed 4980", "##0139\"x\"&&4981"))
                .isEqualTo("{\"error\":\"CRC mismatch: frame says 4981, computed 4980\",\"frame\":\"##0139\\\"x\\\"&&4981\"}");
    }
}
