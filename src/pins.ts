// The versions kubelab downloads when a tool is missing; kept apart so --version can name them cheaply.
export const KIND_VERSION = 'v0.30.0';
export const KUBECTL_VERSION = 'v1.34.0';
