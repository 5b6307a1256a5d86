package io.wsnova.adapters.deribit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeribitSignatureTest
{
    @Test
    void shouldMatchOfficialTestVector()
    {
        final DeribitSignature signature = new DeribitSignature("AMANDASECRECT");

        assertThat(signature.sign(1576074319000L, "1iqt2wls", ""))
            .isEqualTo("56590594f97921b09b18f166befe0d1319b198bbcdad7ca73382de2f88fe9aa1");
    }

    @Test
    void shouldNotRevealSecretInToString()
    {
        assertThat(new DeribitSignature("AMANDASECRECT").toString()).doesNotContain("AMANDA");
    }

    @Test
    void shouldRejectEmptySecret()
    {
        assertThatThrownBy(() -> new DeribitSignature("")).hasMessageStartingWith("clientSecret:");
    }
}
