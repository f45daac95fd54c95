/**
 * Sandbox hosts: real systemd machines (Debian root filesystems booted with
 * {@code systemd-nspawn}) on one Linux box, on a private bridge, reached over SSH with pinned host
 * keys. Start with {@link dev.kubestrap.sandbox.Sandbox#builder()}.
 */
package dev.kubestrap.sandbox;
