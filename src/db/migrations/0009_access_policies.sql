-- Access policies per collection (access/): who may see a collection's products and who may download
-- them. NULL follows the configured default (access.defaultPolicy); `restricted` collections are visible
-- only to the roles or groups in access_allow (and to admins).
ALTER TABLE collections
  ADD COLUMN access_policy text CHECK (access_policy IN ('public', 'registered', 'restricted')),
  ADD COLUMN access_allow text[] NOT NULL DEFAULT '{}';
