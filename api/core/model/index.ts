export * from './common';
export * from './organisation';
export * from './goals';
export * from './indicators';
export * from './agreements';
export * from './cycle';
export * from './bot';
export * from './cycle-records';
