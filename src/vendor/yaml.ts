// yaml, as kubelab's code imports it; one bundled file once built (scripts/bundle-vendor.mjs).
// Named one by one: yaml's Node entry is CommonJS, whose exports a bundler can't list by itself.
export { isAlias, isMap, isPair, isScalar, LineCounter, parse, parseAllDocuments, parseDocument, stringify, visit } from 'yaml';
export type { Document, Node } from 'yaml';
