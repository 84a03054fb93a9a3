// The dev server (`nx serve web`) forwards the API's paths to the API on port 3000; the
// list is the one the API itself serves, from the contracts library.
import contracts from '@prontogram/contracts/wire';

export default Object.fromEntries(
  contracts.API_ROUTE_PREFIXES.map((prefix) => [
    prefix,
    { target: 'http://localhost:3000', secure: false, ws: prefix === '/socket.io' },
  ]),
);
