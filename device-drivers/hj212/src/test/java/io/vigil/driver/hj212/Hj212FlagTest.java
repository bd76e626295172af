package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Hj212FlagTest {

    private static Hj212Flag flag(String text) {
        return Hj212Flag.parse(text).orElseThrow();
    }

    @Test
    void flag5Is2017WithAcknowledgementRequested() {
        Hj212Flag f = flag("5");
        assertThat(f.version()).isEqualTo(Hj212Flag.VERSION_2017);
        assertThat(f.acknowledgementRequested()).isTrue();
        assertThat(f.split()).isFalse();
    }

    @Test
    void flag4Is2017WithoutAcknowledgement() {
        assertThat(flag("4").acknowledgementRequested()).isFalse();
        assertThat(flag("4").version()).isEqualTo(Hj212Flag.VERSION_2017);
    }

    @Test
    void flag7And3CarryTheSplitBit() {
        assertThat(flag("7").split()).isTrue();
        assertThat(flag("7").version()).isEqualTo(Hj212Flag.VERSION_2017);
        assertThat(flag("3").split()).isTrue();
        assertThat(flag("3").version()).isEqualTo(Hj212Flag.VERSION_2005);
    }

    @Test
    void flags8And9AreVersionBits000010() {
        assertThat(flag("8").version()).isEqualTo(2);
        assertThat(flag("9").acknowledgementRequested()).isTrue();
    }

    @Test
    void anAnswerKeepsTheVersionAndClearsAAndD() {
        assertThat(flag("7").forAnswer()).hasToString("4");
        assertThat(flag("9").forAnswer()).hasToString("8");
        assertThat(Hj212Flag.of(Hj212Flag.VERSION_2017, true, true).value()).isEqualTo(7);
    }

    @Test
    void absentEmptyOrNonNumericFlagsAreEmpty() {
        assertThat(Hj212Flag.parse(null)).isEmpty();
        assertThat(Hj212Flag.parse("")).isEmpty();
        assertThat(Hj212Flag.parse("A")).isEmpty();
        assertThat(Hj212Flag.parse("256")).isEmpty();
        assertThat(Hj212Flag.parse("-1")).isEmpty();
        assertThatThrownBy(() -> Hj212Flag.of(64, false, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
