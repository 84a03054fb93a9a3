export * from './lib/broker';
export * from './lib/running-api';
export * from './lib/send';
export * from './lib/wait';
