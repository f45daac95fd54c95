package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages named {@code internal} are no API (the javadoc leaves them out): no public type of an API package
 * extends, implements or hands out an internal type, and no module reaches into another module's internal
 * packages. Top-level API types have simple names of their own.
 */
class ApiBoundaryTest {
  private static final Pattern INTERNAL_REFERENCE = Pattern.compile("dev/kubestrap/([a-z0-9/]+/)?internal/");

  @Test
  void noPublicApiTypeExtendsOrExposesAnInternalOne() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : apiTypes()) {
      Stream.concat(Stream.ofNullable(type.getSuperclass()), Stream.of(type.getInterfaces()))
          .filter(ApiBoundaryTest::isInternal)
          .forEach(supertype -> leaks.add(type.getName() + " extends " + supertype.getName()));
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers()) && !method.isSynthetic()) {
          exposed(method, method.getReturnType(), leaks);
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers())) {
          exposed(constructor, void.class, leaks);
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers()) && isInternal(field.getType())) {
          leaks.add(type.getName() + "." + field.getName() + " is a " + field.getType().getName());
        }
      }
    }
    assertThat(leaks).as("public API that extends or hands out internal types").isEmpty();
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternalPackages() throws Exception {
    Map<String, String> internalPackageModule = new HashMap<>();
    for (CompiledModules.Module module : CompiledModules.LIBRARY) {
      for (CompiledModules.ClassFile file : module.classFiles()) {
        String name = file.name().replace('\\', '/');
        if (name.contains("/internal/")) {
          internalPackageModule.put(name.substring(0, name.lastIndexOf('/') + 1), module.name());
        }
      }
    }
    List<String> reaches = new ArrayList<>();
    for (CompiledModules.Module module : Stream.concat(CompiledModules.LIBRARY.stream(),
        Stream.of(new CompiledModules.Module("examples", Tour.class))).toList()) {
      for (CompiledModules.ClassFile file : module.classFiles()) {
        Matcher reference = INTERNAL_REFERENCE.matcher(new String(file.bytes(), StandardCharsets.ISO_8859_1));
        while (reference.find()) {
          String owner = internalPackageModule.get(reference.group());
          if (!module.name().equals(owner)) {
            reaches.add(module.name() + ": " + file.className() + " uses " + reference.group() + " of " + owner);
          }
        }
      }
    }
    assertThat(internalPackageModule).as("internal packages found").isNotEmpty();
    assertThat(new TreeSet<>(reaches)).as("references to another module's internal package").isEmpty();
  }

  /**
   * A user imports kubestrap's types by simple name beside each other and beside the JDK's, so no two top-level API
   * types share one and none takes the name of a type of the JDK packages such code imports.
   */
  @Test
  void topLevelApiTypesHaveSimpleNamesOfTheirOwn() throws Exception {
    Map<String, List<String>> byName = new java.util.TreeMap<>();
    for (Class<?> type : apiTypes()) {
      if (type.getDeclaringClass() == null) {
        byName.computeIfAbsent(type.getSimpleName(), name -> new ArrayList<>()).add(type.getName());
      }
    }
    List<String> clashes = new ArrayList<>();
    byName.forEach((name, types) -> {
      if (types.size() > 1) {
        clashes.add(name + ": " + types);
      }
      for (String jdk : List.of("java.lang", "java.util", "java.io", "java.nio.file", "java.net", "java.time",
          "java.security", "java.security.cert", "javax.net.ssl")) {
        if (exists(jdk + "." + name)) {
          clashes.add(name + ": " + types + " and " + jdk + "." + name);
        }
      }
    });
    assertThat(byName).as("API types found").hasSizeGreaterThan(150);
    assertThat(clashes).as("simple names used twice").isEmpty();
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The public types (top level or nested in public types) of every library module's API packages. */
  static List<Class<?>> apiTypes() throws Exception {
    List<Class<?>> types = new ArrayList<>();
    for (CompiledModules.Module module : CompiledModules.LIBRARY) {
      for (CompiledModules.ClassFile file : module.classFiles()) {
        if (file.name().endsWith("module-info.class") || file.name().endsWith("package-info.class")) {
          continue;
        }
        Class<?> type = Class.forName(file.className(), false, ApiBoundaryTest.class.getClassLoader());
        if (!isInternal(type) && publicFromOutside(type)) {
          types.add(type);
        }
      }
    }
    return types;
  }

  private static void exposed(Executable member, Class<?> returned, List<String> leaks) {
    Stream.concat(Stream.of(returned), Stream.of(member.getParameterTypes()))
        .filter(ApiBoundaryTest::isInternal)
        .forEach(type -> leaks.add(member.getDeclaringClass().getName() + "." + member.getName()
            + " uses " + type.getName()));
  }

  private static boolean publicFromOutside(Class<?> type) {
    for (Class<?> at = type; at != null; at = at.getDeclaringClass()) {
      if (!Modifier.isPublic(at.getModifiers()) || at.isAnonymousClass() || at.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static boolean isInternal(Class<?> type) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    return type.getPackageName().startsWith("dev.kubestrap.") && type.getPackageName().contains(".internal");
  }
}
