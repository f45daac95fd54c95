/**
 * Nodes as the API sees them during day-2 work: cordon, drain with the eviction API (so PodDisruptionBudgets are
 * respected), uncordon, wait until Ready, delete.
 */
package dev.kubestrap.nodes;
