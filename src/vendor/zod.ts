// zod, as kubelab's code imports it; one bundled file once built (scripts/bundle-vendor.mjs).
export * from 'zod';
