package io.spreadflow.engine.state;

import java.lang.reflect.Constructor;

/**
 * A new, empty instance of a state class to restore fields into: through its no-argument constructor
 * when it has one (so its field initializers supply the values of fields added since the state was
 * stored), else without running any constructor of the class, as the JDK does when it restores objects.
 */
final class FreshInstance {

    private static final ClassValue<Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            try {
                Constructor<?> c = type.getDeclaredConstructor();
                c.setAccessible(true);
                return c;
            } catch (NoSuchMethodException e) {
                try {
                    Constructor<?> c = sun.reflect.ReflectionFactory.getReflectionFactory()
                            .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
                    c.setAccessible(true);
                    return c;
                } catch (NoSuchMethodException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
    };

    private FreshInstance() {}

    static Object of(Class<?> type) throws ReflectiveOperationException {
        if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
            throw new InstantiationException(type.getName() + " is abstract");
        }
        return CONSTRUCTORS.get(type).newInstance();
    }
}
