// Terminal text widths and wrapping (string-width, wrap-ansi), as kubelab's code imports them; one
// bundled file once built (scripts/bundle-vendor.mjs).
export { default as stringWidth } from 'string-width';
export { default as wrapAnsi } from 'wrap-ansi';
