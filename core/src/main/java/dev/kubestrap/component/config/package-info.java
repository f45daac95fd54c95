/**
 * Typed configuration files of the components, written with Jackson YAML (and TOML for containerd):
 * {@code KubeletConfiguration} v1beta1, {@code KubeProxyConfiguration} v1alpha1,
 * {@code KubeSchedulerConfiguration} v1, {@code EncryptionConfiguration} v1, the audit {@code Policy} v1,
 * containerd's config (version 2 or 3) and crictl's config. Only fields kubestrap sets are modelled; null
 * fields are left out, so the component's own default applies.
 */
package dev.kubestrap.component.config;
