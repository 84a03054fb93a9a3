export * from './lib/broker';
export * from './lib/nginx';
export * from './lib/ports';
export * from './lib/redis';
export * from './lib/running-api';
export * from './lib/send';
export * from './lib/test-message';
export * from './lib/wait';
