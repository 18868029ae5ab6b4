import { sharePointFixture } from '../support/sharepoint';
import { storeContract } from './store-contract';

storeContract('SharePoint through Microsoft Graph (local stand-in over HTTPS)', async () => {
  const fx = await sharePointFixture();
  return { store: fx.store, close: fx.stop };
});
