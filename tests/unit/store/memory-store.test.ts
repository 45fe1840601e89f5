import { defineStoreContract } from './store-contract.js';
import { uniquePrefix } from './store-fixtures.js';

defineStoreContract({
  name: 'memory://',
  serverTimeLeases: false,
  persistent: false,
  newLocation: () => ({ url: 'memory://', keyPrefix: uniquePrefix('mem') }),
  cleanup: async () => {},
});
