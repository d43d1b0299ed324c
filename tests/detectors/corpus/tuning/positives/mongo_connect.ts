import { MongoClient } from 'mongodb';

const uri = 'mongodb+srv://svc-catalog:⟦url_password/mongodb_srv:Kd8vuIAvNz4Y%40od4F6⟧@cluster0.9sc0s.mongodb.net/catalog?retryWrites=true&w=majority';
export const client = new MongoClient(uri, { maxPoolSize: 20 });

export async function products() {
  await client.connect();
  return client.db('catalog').collection('products');
}
