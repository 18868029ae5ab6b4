import { narrowRoles } from './narrow-roles';

/** Every view of these roles at 320 and 1,280 px in Teams' three themes (see narrow-roles.ts). */
narrowRoles(['quality-office', 'handby-quality-office']);
