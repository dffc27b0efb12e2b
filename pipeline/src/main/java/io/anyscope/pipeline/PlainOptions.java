package io.anyscope.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ScanOptions} held in a map in the driver, without Beam's options factory (measured: its start-up, over half
 * a second, was most of an unchanged re-run). Unset properties read the defaults the interface declares; only the
 * scan's own properties work here, and {@link #toBeam} copies those set into Beam's options when a pipeline is built.
 */
final class PlainOptions implements InvocationHandler {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private PlainOptions() {
    }

    static ScanOptions create() {
        return (ScanOptions) Proxy.newProxyInstance(ScanOptions.class.getClassLoader(),
                new Class<?>[] {ScanOptions.class}, new PlainOptions());
    }

    static boolean isPlain(ScanOptions o) {
        return Proxy.isProxyClass(o.getClass()) && Proxy.getInvocationHandler(o) instanceof PlainOptions;
    }

    /** Beam's options parsed from {@code args}, with the properties set on {@code o} (when plain) copied over. */
    static ScanOptions toBeam(ScanOptions o, List<String> args) {
        ScanOptions beam = PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation()
                .as(ScanOptions.class);
        if (isPlain(o)) {
            for (Map.Entry<String, Object> e : ((PlainOptions) Proxy.getInvocationHandler(o)).values.entrySet()) {
                try {
                    setter(e.getKey()).invoke(beam, e.getValue());
                } catch (IllegalAccessException | InvocationTargetException ex) {
                    throw new IllegalStateException("cannot copy scan option " + e.getKey(), ex);
                }
            }
        }
        return beam;
    }

    /**
     * The default a {@link ScanOptions} property declares with a constant ({@code @Default.Long(...)}, ...), or
     * {@code null} when it has none or a computed one; {@code property} as in its getter's name
     * ({@code MaxFileBytes}).
     */
    static Object declaredDefault(String property) {
        Method getter = getter(property);
        return getter == null ? null : constantDefault(getter);
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) {
        String name = m.getName();
        if (m.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "ScanOptions" + values;
            };
        }
        if (name.equals("as") && ((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
        }
        if (m.getDeclaringClass() == ScanOptions.class) {
            if (name.startsWith("set") && args != null && args.length == 1) {
                values.put(name.substring(3), args[0]);
                return null;
            }
            if (name.startsWith("get") && (args == null || args.length == 0)) {
                String property = name.substring(3);
                return values.containsKey(property) ? values.get(property) : defaultOf(m, (ScanOptions) proxy);
            }
        }
        throw new UnsupportedOperationException(name + " needs Beam's options (ScanOptions.withArgs)");
    }

    private static Object defaultOf(Method getter, ScanOptions proxy) {
        Default.InstanceFactory f = getter.getAnnotation(Default.InstanceFactory.class);
        if (f != null) {
            try {
                return ((DefaultValueFactory<?>) f.value().getDeclaredConstructor().newInstance()).create(proxy);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make the default of " + getter.getName(), e);
            }
        }
        Object v = constantDefault(getter);
        if (v == null && getter.getReturnType().isPrimitive()) {
            return getter.getReturnType() == boolean.class ? Boolean.FALSE : 0;
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object constantDefault(Method getter) {
        for (Annotation a : getter.getAnnotations()) {
            if (a instanceof Default.String d) {
                return d.value();
            } else if (a instanceof Default.Integer d) {
                return d.value();
            } else if (a instanceof Default.Long d) {
                return d.value();
            } else if (a instanceof Default.Boolean d) {
                return d.value();
            } else if (a instanceof Default.Enum d) {
                return Enum.valueOf((Class<? extends Enum>) getter.getReturnType(), d.value());
            }
        }
        return null;
    }

    private static Method getter(String property) {
        try {
            return ScanOptions.class.getDeclaredMethod("get" + property);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Method setter(String property) {
        for (Method m : ScanOptions.class.getDeclaredMethods()) {
            if (m.getName().equals("set" + property) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new IllegalStateException("no setter for scan option " + property);
    }
}
