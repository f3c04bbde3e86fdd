/**
 * The console's namespaces, one per feature folder (`web/src/<feature>/locales.ts`). A new feature's locales.ts
 * is registered here (or, for the public pages, in portal/main.tsx or verify/main.tsx); test/i18n.test.ts fails
 * on one registered nowhere.
 */
import admin from '../admin/locales';
import certificates from '../certificates/locales';
import community from '../community/locales';
import complaints from '../complaints/locales';
import duplicates from '../duplicates/locales';
import exchange from '../exchange/locales';
import importText from '../import/locales';
import login from '../login/locales';
import merge from '../merge/locales';
import permits from '../permits/locales';
import persons from '../persons/locales';
import services from '../services/locales';
import stats from '../stats/locales';
import training from '../training/locales';
import common from './locales';

export const resources = {
  common,
  admin,
  certificates,
  community,
  complaints,
  duplicates,
  exchange,
  import: importText,
  login,
  merge,
  permits,
  persons,
  services,
  stats,
  training,
};
