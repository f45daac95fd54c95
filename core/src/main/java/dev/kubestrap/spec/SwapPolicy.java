package dev.kubestrap.spec;

/**
 * What kubestrap does about swap on a node. The default is {@link #TURN_OFF}, what kubeadm expects and the
 * kubelet's {@code failSwapOn: true} default requires.
 */
public enum SwapPolicy {
  /**
   * Swap is turned off now and stays off after a reboot: swap lines in {@code /etc/fstab} are commented out
   * and every swap unit systemd knows is masked. The kubelet keeps its default {@code failSwapOn: true}.
   */
  TURN_OFF,
  /**
   * Swap is left as it is; the kubelet runs beside it ({@code failSwapOn: false}) and gives pods none of it
   * ({@code memorySwap.swapBehavior: NoSwap}), as the hard way does.
   */
  KEEP
}
