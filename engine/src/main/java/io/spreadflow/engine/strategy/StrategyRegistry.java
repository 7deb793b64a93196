package io.spreadflow.engine.strategy;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The strategies on the class path, found through {@link ServiceLoader} and addressed by id. A user's
 * jar adds one by listing its class in {@code META-INF/services/io.spreadflow.engine.strategy.SignalStrategy}.
 */
public final class StrategyRegistry {

    private final Map<String, SignalStrategy<?>> byId;

    private StrategyRegistry(Map<String, SignalStrategy<?>> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** The strategies visible to this class's class loader. */
    public static StrategyRegistry load() {
        return load(StrategyRegistry.class.getClassLoader());
    }

    /** The strategies visible to {@code loader}. Two strategies with one id are an error. */
    @SuppressWarnings("rawtypes")
    public static StrategyRegistry load(ClassLoader loader) {
        Map<String, SignalStrategy<?>> m = new LinkedHashMap<>();
        for (SignalStrategy s : ServiceLoader.load(SignalStrategy.class, loader)) {
            SignalStrategy<?> prev = m.putIfAbsent(s.id(), s);
            if (prev != null && prev.getClass() != s.getClass()) {
                throw new IllegalStateException("strategy id '" + s.id() + "' is claimed by " + prev.getClass().getName()
                        + " and " + s.getClass().getName());
            }
        }
        return new StrategyRegistry(m);
    }

    /** The strategy with this id. */
    @SuppressWarnings("unchecked")
    public <S extends Serializable> SignalStrategy<S> get(String id) {
        SignalStrategy<?> s = byId.get(id);
        if (s == null) throw new IllegalArgumentException("no strategy with id '" + id + "' (known: " + byId.keySet() + ")");
        return (SignalStrategy<S>) s;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** The ids, in discovery order. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** Every strategy, in discovery order. */
    public List<SignalStrategy<?>> all() {
        return List.copyOf(byId.values());
    }
}
