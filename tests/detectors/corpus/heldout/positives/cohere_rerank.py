import cohere

co = cohere.ClientV2(api_key="⟦cohere_key/python_kwarg:G5YaPn4ru0yXJ8sVg2OGj3Sk1M2o665wKr9UbRTT⟧")
ranked = co.rerank(model="rerank-v3.5", query="chargeback policy", documents=docs, top_n=5)
