// execa, as kubelab's code imports it. Built, this file is replaced by one bundle of execa and its
// dependencies (scripts/bundle-vendor.mjs): one file to load instead of about 120.
export * from 'execa';
