import { coverageTest, hostileArgumentsSuite } from './hostile-arguments-suite.js';

// The hostile-argument table (hostile-arguments-suite.ts) over the control transport.
coverageTest();
hostileArgumentsSuite('control');
