"""The learned multimodal intent model: the net, its inputs, training data, training, checkpoints, the predictor."""
