export { countryRegistry, loadCountries, COUNTRY_NAME_LANGUAGES, type Country, type CountryRegistry } from './countries.service.js';
export { isGlobalSouth } from './countries.rules.js';
export { countCountries } from './countries.repository.js';
