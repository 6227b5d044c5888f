print("fake-mirakl")
