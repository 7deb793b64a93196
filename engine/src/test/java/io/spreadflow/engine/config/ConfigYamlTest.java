package io.spreadflow.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigYamlTest {

    @Test
    void keysAndValuesKeepTheLineTheyWereWrittenOn() {
        String text = """
                # a comment
                strategy: rdn
                params:
                  entry_spread_threshold: -0.3

                  volatility_window: 20
                instruments: [LUNC-USDT, BTC-USDT]
                """;
        ConfigNode.Mapping root = (ConfigNode.Mapping) ConfigYaml.parse(text, "config.yaml");
        assertThat(root.entries().get("strategy").keyOrigin().line()).isEqualTo(2);
        ConfigNode.Mapping params = (ConfigNode.Mapping) root.entries().get("params").value();
        assertThat(params.entries().get("entry_spread_threshold").keyOrigin()).hasToString("config.yaml:4");
        ConfigNode.Scalar window = (ConfigNode.Scalar) params.entries().get("volatility_window").value();
        assertThat(window.origin().line()).isEqualTo(6);
        assertThat(window.type()).isEqualTo(ConfigNode.ScalarType.INTEGER);
        ConfigNode.Scalar spread = (ConfigNode.Scalar) params.entries().get("entry_spread_threshold").value();
        assertThat(spread.type()).isEqualTo(ConfigNode.ScalarType.DECIMAL);
        assertThat(spread.text()).isEqualTo("-0.3");
        ConfigNode.Sequence instruments = (ConfigNode.Sequence) root.entries().get("instruments").value();
        assertThat(instruments.items()).extracting(n -> ((ConfigNode.Scalar) n).text()).containsExactly("LUNC-USDT", "BTC-USDT");
    }

    @Test
    void aDuplicateKeyIsRejectedWithBothLines() {
        assertThatThrownBy(() -> ConfigYaml.parse("a: 1\nb: 2\na: 3\n", "c.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.yaml:3: duplicate key 'a' (first at line 1)");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> ConfigYaml.parse("a: 1\nb: [1, 2\nc: 3\n", "c.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("c.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void aCommandLineValueGetsTheSameTypeAsInAFile() {
        ConfigNode.Origin flag = new ConfigNode.Origin("--param x=5", 0);
        assertThat(ConfigYaml.scalar("5", flag).type()).isEqualTo(ConfigNode.ScalarType.INTEGER);
        assertThat(ConfigYaml.scalar("-0.25", flag).type()).isEqualTo(ConfigNode.ScalarType.DECIMAL);
        assertThat(ConfigYaml.scalar("true", flag).type()).isEqualTo(ConfigNode.ScalarType.BOOLEAN);
        assertThat(ConfigYaml.scalar("abc", flag).type()).isEqualTo(ConfigNode.ScalarType.STRING);
        assertThat(ConfigYaml.scalar("abc", flag).origin()).hasToString("--param x=5");
    }

    @Test
    void aTypoIsMatchedToTheNearestKnownKey() {
        List<String> keys = List.of("entry_spread_threshold", "exit_spread_threshold", "stop_loss_threshold", "max_holding_hours");
        assertThat(ConfigSection.closest("entry_sprad", keys)).contains("entry_spread_threshold");
        assertThat(ConfigSection.closest("exit_spred_threshold", keys)).contains("exit_spread_threshold");
        assertThat(ConfigSection.closest("max_holding_hour", keys)).contains("max_holding_hours");
        assertThat(ConfigSection.closest("colour", keys)).isEmpty();
    }
}
