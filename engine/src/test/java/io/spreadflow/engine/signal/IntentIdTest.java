package io.spreadflow.engine.signal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IntentIdTest {

    @Test
    void formatsAndParsesTheEnginesForm() {
        String id = IntentId.format("BTC-USDT", "rdn", 42);
        assertThat(id).isEqualTo("BTC-USDT|rdn|42");
        assertThat(IntentId.parse(id)).isEqualTo(new IntentId.Parts("BTC-USDT", "rdn", 0, 42));
        assertThat(IntentId.sequenceOf(id, "BTC-USDT", "rdn")).isEqualTo(42);
        assertThat(IntentId.isWellFormed(id)).isTrue();
    }

    @Test
    void anEpochGoesBetweenStrategyAndSequence() {
        String id = IntentId.format("BTC-USDT", "rdn", 1796443200L, 42);
        assertThat(id).isEqualTo("BTC-USDT|rdn|1796443200.42");
        assertThat(IntentId.parse(id)).isEqualTo(new IntentId.Parts("BTC-USDT", "rdn", 1796443200L, 42));
        assertThat(IntentId.sequenceOf(id, "BTC-USDT", "rdn", 1796443200L)).isEqualTo(42);
        assertThat(IntentId.isWellFormed(id)).isTrue();
    }

    @Test
    void runsOfDifferentEpochsNeverShareAnId() {
        assertThat(IntentId.format("BTC-USDT", "rdn", 1796443200L, 1)).isNotEqualTo(IntentId.format("BTC-USDT", "rdn", 1796443260L, 1))
                .isNotEqualTo(IntentId.format("BTC-USDT", "rdn", 1));
        String earlier = IntentId.format("BTC-USDT", "rdn", 1796443200L, 7);
        assertThat(IntentId.sequenceOf(earlier, "BTC-USDT", "rdn", 1796443260L)).as("another run's id").isEqualTo(-1);
        assertThat(IntentId.sequenceOf(earlier, "BTC-USDT", "rdn")).as("an id with an epoch, read without").isEqualTo(-1);
        assertThat(IntentId.sequenceOf(IntentId.format("BTC-USDT", "rdn", 7), "BTC-USDT", "rdn", 1796443200L))
                .as("an id without an epoch, read in one").isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTC-USDT|rdn|.7", "BTC-USDT|rdn|5.", "BTC-USDT|rdn|0.7", "BTC-USDT|rdn|1.2.3", "BTC-USDT|rdn|x.7"})
    void malformedEpochsHaveNoParts(String id) {
        assertThat(IntentId.parse(id)).isNull();
    }

    @Test
    void theSequenceIsOnlyReadForTheSameInstrumentAndStrategy() {
        String id = IntentId.format("BTC-USDT", "rdn", 7);
        assertThat(IntentId.sequenceOf(id, "ETH-USDT", "rdn")).isEqualTo(-1);
        assertThat(IntentId.sequenceOf(id, "BTC-USDT", "svh")).isEqualTo(-1);
        assertThat(IntentId.sequenceOf(id, "BTC-USD", "rdn")).as("a prefix of the instrument").isEqualTo(-1);
        assertThat(IntentId.sequenceOf(id, "BTC-USDT", "rd")).as("a prefix of the strategy").isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTC-USDT|rdn|", "BTC-USDT|rdn|-3", "BTC-USDT|rdn|7x", "BTC-USDT|rdn|99999999999999999999",
            "BTC-USDT:rdn:7", "|rdn|7", "BTC-USDT||7", "BTC-USDT|rdn|7|8", "BTC-USDT|rdn"})
    void idsNotInTheEnginesFormHaveNoParts(String id) {
        assertThat(IntentId.parse(id)).isNull();
        assertThat(IntentId.sequenceOf(id, "BTC-USDT", "rdn")).isEqualTo(-1);
    }

    @Test
    void otherCallersIdsAreWellFormedWithinTheSyntax() {
        assertThat(IntentId.isWellFormed("BTC-USDT:rdn:7")).isTrue();
        assertThat(IntentId.isWellFormed("a".repeat(200))).isTrue();
        assertThat(IntentId.isWellFormed("a".repeat(201))).isFalse();
        assertThat(IntentId.isWellFormed("")).isFalse();
        assertThat(IntentId.isWellFormed("BTC USDT")).isFalse();
        assertThat(IntentId.isWellFormed(null)).isFalse();
    }
}
