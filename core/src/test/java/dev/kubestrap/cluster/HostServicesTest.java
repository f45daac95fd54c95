package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.apply.ServiceManager;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostServicesTest {
  /**
   * A method the wrapper does not override runs the interface's default instead of the wrapped manager's own: the
   * systemd manager's cheaper answers (one status command, a reload only when one is needed) would be lost.
   */
  @Test
  void aWrappedManagerAnswersEveryServiceManagerMethodItself() {
    Class<?> wrapper = HostServices.of(ServiceManager.systemd()).getClass();
    List<String> missing = Arrays.stream(ServiceManager.class.getMethods())
        .filter(method -> !Modifier.isStatic(method.getModifiers()))
        .filter(method -> !declares(wrapper, method))
        .map(Method::getName)
        .toList();

    assertThat(missing).isEmpty();
  }

  private static boolean declares(Class<?> type, Method method) {
    try {
      type.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
