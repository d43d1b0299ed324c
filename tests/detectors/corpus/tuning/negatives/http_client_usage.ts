import axios from 'axios';

export function apiClient(getAccessToken: () => Promise<string>) {
  const instance = axios.create({ baseURL: 'https://api.acme.io/v3', timeout: 5000 });
  instance.interceptors.request.use(async (config) => {
    const accessToken = await getAccessToken();
    config.headers.Authorization = `Bearer ${accessToken}`;
    return config;
  });
  return instance;
}
