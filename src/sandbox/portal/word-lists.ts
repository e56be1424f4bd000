// Word lists for generated values: small, but enough to make values look like a real portal.
// prettier-ignore
export const FIRST_NAMES = ['ada', 'alan', 'grace', 'linus', 'margaret', 'ken', 'barbara', 'dennis', 'frances', 'john', 'radia', 'tim', 'hedy', 'claude', 'katherine', 'edsger', 'anita', 'donald', 'sophie', 'guido', 'joan', 'bjarne', 'mary', 'niklaus', 'karen', 'james', 'lynn', 'yukihiro', 'shafi', 'leslie', 'marie', 'rasmus'];
// prettier-ignore
export const LAST_NAMES = ['lovelace', 'turing', 'hopper', 'torvalds', 'hamilton', 'thompson', 'liskov', 'ritchie', 'allen', 'backus', 'perlman', 'bernerslee', 'lamarr', 'shannon', 'johnson', 'dijkstra', 'borg', 'knuth', 'wilson', 'vanrossum', 'clarke', 'stroustrup', 'keller', 'wirth', 'jones', 'gosling', 'conway', 'matsumoto', 'goldwasser', 'lamport', 'curie', 'lerdorf'];
// prettier-ignore
export const COMPANY_WORDS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'vandelay', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne', 'soylent', 'massive', 'aperture', 'oscorp', 'gringotts'];
// prettier-ignore
export const COMPANY_SUFFIXES = ['Inc', 'LLC', 'GmbH', 'Ltd', 'Group', 'Labs', 'Systems', 'Partners'];
// prettier-ignore
export const CITIES = ['Boston', 'Berlin', 'Dublin', 'Paris', 'Tokyo', 'Sydney', 'Toronto', 'Austin', 'Lisbon', 'Singapore', 'Zürich', 'São Paulo'];
// prettier-ignore
export const COUNTRIES = ['United States', 'Germany', 'Ireland', 'France', 'Japan', 'Australia', 'Canada', 'Portugal', 'Singapore', 'Switzerland', 'Brazil'];
// prettier-ignore
export const JOB_TITLES = ['CEO', 'CTO', 'Engineer', 'Sales Manager', 'Marketing Lead', 'Account Executive', 'Designer', 'Support Specialist', 'Head of Operations'];
// prettier-ignore
export const WORDS = ['widget', 'gadget', 'sprocket', 'gizmo', 'module', 'adapter', 'bracket', 'sensor', 'license', 'support', 'platform', 'bundle', 'cable', 'router', 'panel', 'kit'];
// prettier-ignore
export const ADJECTIVES = ['quick', 'silent', 'bright', 'sturdy', 'compact', 'premium', 'basic', 'smart', 'eco', 'turbo', 'classic', 'modern'];
// prettier-ignore
export const CAR_MODELS = ['Corolla', 'Mustang', 'Golf', 'Model 3', 'Civic', 'X5', 'Camry', 'Focus', 'Passat', 'Model Y', 'Accord', 'i3'];
