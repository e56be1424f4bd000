import { describe, expect, it } from 'vitest';
import { buildPaths } from '../../../src/hubspot/paths.js';

describe('buildPaths', () => {
  it('builds the legacy v3/v4 family', () => {
    const paths = buildPaths('legacy');
    expect(paths.objects('contacts')).toBe('/crm/v3/objects/contacts');
    expect(paths.object('2-123', '42')).toBe('/crm/v3/objects/2-123/42');
    expect(paths.search('car')).toBe('/crm/v3/objects/car/search');
    expect(paths.batchRead('deals')).toBe('/crm/v3/objects/deals/batch/read');
    expect(paths.properties('contacts')).toBe('/crm/v3/properties/contacts');
    expect(paths.schemas()).toBe('/crm-object-schemas/v3/schemas');
    expect(paths.associationsBatchRead('companies', 'contacts')).toBe(
      '/crm/v4/associations/companies/contacts/batch/read',
    );
    expect(paths.associationLabels('contacts', 'deals')).toBe(
      '/crm/v4/associations/contacts/deals/labels',
    );
    expect(paths.objectAssociations('contacts', '7', 'companies')).toBe(
      '/crm/v4/objects/contacts/7/associations/companies',
    );
  });

  it.each(['2026-03', '2026-09'] as const)('builds the date-versioned family for %s', (v) => {
    const paths = buildPaths(v);
    expect(paths.objects('contacts')).toBe(`/crm/objects/${v}/contacts`);
    expect(paths.object('contacts', '1')).toBe(`/crm/objects/${v}/contacts/1`);
    expect(paths.search('0-1')).toBe(`/crm/objects/${v}/0-1/search`);
    expect(paths.batchRead('line_items')).toBe(`/crm/objects/${v}/line_items/batch/read`);
    expect(paths.properties('car')).toBe(`/crm/properties/${v}/car`);
    expect(paths.schemas()).toBe(`/crm-object-schemas/${v}/schemas`);
    expect(paths.associationsBatchRead('contacts', 'deals')).toBe(
      `/crm/associations/${v}/contacts/deals/batch/read`,
    );
    expect(paths.associationLabels('contacts', 'deals')).toBe(
      `/crm/associations/${v}/contacts/deals/labels`,
    );
    expect(paths.objectAssociations('deals', '9', 'contacts')).toBe(
      `/crm/objects/${v}/deals/9/associations/contacts`,
    );
  });

  it('encodes path segments it is given', () => {
    expect(buildPaths('legacy').object('contacts', 'a/b?c')).toBe(
      '/crm/v3/objects/contacts/a%2Fb%3Fc',
    );
  });
});
