package io.spreadflow.engine.strategy;

import io.spreadflow.engine.config.StrategyConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrategyRegistryTest {

    @Test
    void findsTheReferenceStrategiesById() {
        StrategyRegistry r = StrategyRegistry.load();
        assertThat(r.ids()).contains("rdn", "inv", "svh");
        assertThat(r.get("svh").id()).isEqualTo("svh");
        assertThatThrownBy(() -> r.get("nope")).hasMessageContaining("nope").hasMessageContaining("rdn");
    }

    @Test
    void everyParameterHasItsReferenceDefaultAndConfigValuesAreChecked() {
        SignalStrategy<?> rdn = StrategyRegistry.load().get("rdn");
        ParameterSpec entry = rdn.parameters().stream().filter(p -> p.name().equals("entry_spread_threshold")).findFirst().orElseThrow();
        StrategyConfig defaults = StrategyConfig.builder("rdn").venues(List.of("s"), "f").build();
        assertThat(defaults.getDouble(entry)).isEqualTo(-2.5);
        StrategyConfig set = defaults.toBuilder().param("entry_spread_threshold", "-1.5").build();
        assertThat(set.getDouble(entry)).isEqualTo(-1.5);
        assertThatThrownBy(() -> defaults.toBuilder().param("entry_spread_treshold", -1).build().validateParams(rdn.parameters()))
                .hasMessageContaining("entry_spread_treshold");
        assertThatThrownBy(() -> defaults.toBuilder().param("volatility_window", 2.5).build().validateParams(rdn.parameters()))
                .hasMessageContaining("volatility_window");
        assertThatThrownBy(() -> defaults.toBuilder().param("volatility_window", 1).build().validateParams(rdn.parameters()))
                .hasMessageContaining("minimum");
    }
}
