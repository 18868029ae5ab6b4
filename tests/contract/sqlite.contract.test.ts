import { join } from 'node:path';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { tempDir } from '../support/mother';
import { storeContract } from './store-contract';

storeContract('SQLite', async () => {
  const tmp = tempDir();
  const store = openSqliteStore(join(tmp.dir, 'contract.db'));
  return {
    store,
    close: async () => {
      await store.close();
      tmp.remove();
    },
  };
});
