// src/config/maps.js
export const MAPS_CONFIG = {
  apiKey: '⟦google_api_key/browser:AIzaSyhVtZeXJZejWWYTC66U68WCDqqf_bIeXQp⟧',
  mapId: '8e0a97af9386fef',
  defaultCenter: { lat: 52.520008, lng: 13.404954 },
  defaultZoom: 12,
  libraries: ['places', 'geometry'],
};
