package com.example.basis;

import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.SignalStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserJarDiscoveryTest {

    @Test
    void theFrameworkAloneDoesNotKnowTheStrategy() {
        assertThatThrownBy(() -> Class.forName("com.example.basis.BasisReversionStrategy"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(ServiceLoader.load(SignalStrategy.class).stream().map(p -> p.type().getName()))
                .doesNotContain("com.example.basis.BasisReversionStrategy");
    }

    @Test
    void serviceLoaderFindsTheStrategyInTheUsersJarById(@TempDir Path dir) throws Exception {
        try (URLClassLoader jar = UserJar.open(UserJar.build(dir))) {
            SignalStrategy<?> basis = UserJar.strategy(jar, "basis");
            assertThat(basis.getClass().getClassLoader()).isSameAs(jar);
            assertThat(basis.parameters()).extracting(ParameterSpec::name)
                    .containsExactly("ewma_alpha", "entry_z", "exit_z", "stop_loss_pct", "max_holding_hours", "warmup_rows");
        }
    }
}
